using Microsoft.Extensions.Logging;

namespace RobustGrid.Grid.Grains.Storage.Upgrade;

/// <summary>Runs <see cref="FileStateUpgrade"/> as the silo starts, before any grain can read its state.</summary>
public sealed class FileStateUpgradeOnStart(FileStateUpgrade upgrade, ILogger<FileStateUpgradeOnStart> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(FileStateUpgrade), ServiceLifecycleStage.RuntimeInitialize,
            async cancellationToken =>
        {
            var written = await Task.Run(() => upgrade.Run(cancellationToken), cancellationToken);
            if (written > 0)
                logger.LogWarning("Upgraded grain state under {Root} to format {Format}: {Files} files rewritten",
                    upgrade.Root, FileStateUpgrade.CurrentFormat, written);
        });
}
