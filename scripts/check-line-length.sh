#!/usr/bin/env bash
# Fails when a C# file tracked by git has a line over 120 characters, printing FILE:LINE:LENGTH for each one.
# scripts/wrap-long-lines.py wraps such lines (then run dotnet format whitespace RobustGrid.sln).
set -uo pipefail
cd "$(dirname "$0")/.."
max=120
export LC_ALL=C.UTF-8  # grep and ${#...} count characters, not bytes
found=0
while IFS= read -r hit; do
  file=${hit%%:*}; rest=${hit#*:}; line=${rest%%:*}; text=${rest#*:}
  echo "$file:$line:${#text}"
  found=1
done < <(git ls-files -z '*.cs' | xargs -0 grep -nE "^.{$((max + 1)),}" /dev/null)
if [ "$found" = 1 ]; then
  echo "lines over $max characters: run python3 scripts/wrap-long-lines.py, then dotnet format whitespace RobustGrid.sln" >&2
  exit 1
fi
