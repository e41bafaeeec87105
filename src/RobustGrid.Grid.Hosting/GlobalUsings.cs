global using Orleans;
global using Orleans.Hosting;
global using RobustGrid.Grid.Contracts;
