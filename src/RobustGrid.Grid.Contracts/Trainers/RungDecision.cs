namespace RobustGrid.Grid.Contracts;

[GenerateSerializer]
public enum RungDecision
{
    Continue = 0,
    Stop = 1,
}
