using RobustGrid.Grid.Training;
using RobustGrid.Training.Runtime;

// Before anything else: may restart the process on jemalloc (see NativeAllocator for why).
NativeAllocator.UseJemallocIfAvailable();

// One silo of the grid, with the HTTP JSON API on localhost:5080. Cluster mode:
//   ROBUSTGRID__CLUSTER__MODE=Redis ROBUSTGRID__CLUSTER__REDIS=10.0.0.5:6379 \
//   ROBUSTGRID__CLUSTER__CHECKPOINTROOT=/mnt/shared/robustgrid ROBUSTGRID__SILO__TRAINERDEVICE=cuda robustgrid-silo
var app = TorchGridHosts.BuildSilo(args);
await app.RunAsync();
