namespace RobustGrid.Grid.Contracts;

/// <summary>
/// Answers on the silo that receives the call (a client's gateway silo), with that silo's <see cref="GridIdentity"/>;
/// key 0.
/// </summary>
public interface IGridIdentityGrain : IGrainWithIntegerKey
{
    Task<GridIdentity> Get();
}
