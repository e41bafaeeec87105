#!/bin/bash
# Runs one sweep on a fresh embedded grid and samples the CLI process's resident memory (VmRSS, KiB) every 5 s.
# usage: sample-rss.sh NAME SPEC [VAR=value ...]   (writes NAME.rss and NAME.out in the current folder)
# The robustgrid to run is $CLI (default ./robustgrid); SILOPORT and GWPORT pick the embedded grid's ports.
name=$1; spec=$2; shift 2
home=$(mktemp -d); start=$(date +%s)
env ROBUSTGRID_HOME=$home ROBUSTGRID__CLUSTER__SILOPORT=${SILOPORT:-11811} \
  ROBUSTGRID__CLUSTER__GATEWAYPORT=${GWPORT:-30800} "$@" ${CLI:-./robustgrid} sweep run $spec > $name.out 2>&1 &
pid=$!
while kill -0 $pid 2>/dev/null; do
  rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status 2>/dev/null)
  echo "$(( $(date +%s) - start )) ${rss:-0}" >> $name.rss
  # A runaway run is stopped before it threatens the machine.
  if [ "${rss:-0}" -gt 5000000 ]; then echo "RSS over 5GB, killing" >> $name.rss; kill $pid; fi
  sleep 5
done
wait $pid; echo "rc $? wall $(( $(date +%s) - start ))" >> $name.rss
rm -rf $home
