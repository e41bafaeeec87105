// Every test here scores a checkpoint that TrainedCheckpointFixture trains first: real trainings, so the whole
// assembly is in the integration set ('dotnet test --filter Category!=Integration' leaves it out).
[assembly: AssemblyTrait("Category", "Integration")]
