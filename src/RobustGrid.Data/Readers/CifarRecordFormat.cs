namespace RobustGrid.Data.Readers;

/// <summary>
/// How a CIFAR binary release lays out one record's labels before its 3,072 pixel bytes: CIFAR-10 has one label
/// byte; CIFAR-100 has two, the coarse label then the fine one.
/// </summary>
/// <param name="LabelBytes">Label bytes before the pixels.</param>
/// <param name="LabelIndex">Which of them is the label read.</param>
public sealed record CifarRecordFormat(string Release, int LabelBytes, int LabelIndex)
{
    public static readonly CifarRecordFormat Cifar10 = new("CIFAR-10", 1, 0);
    public static readonly CifarRecordFormat Cifar100Coarse = new("CIFAR-100", 2, 0);
    public static readonly CifarRecordFormat Cifar100Fine = new("CIFAR-100", 2, 1);

    public int RecordBytes => LabelBytes + 3 * CifarBinaryReader.Side * CifarBinaryReader.Side;
}
