using Spectre.Console;

namespace RobustGrid.Cli.Commands;

/// <summary>
/// Table cells and headers shown exactly as given. Names, paths, values and messages the CLI did not write must never
/// be read as Spectre markup, where a '[' starts a style and an unknown one fails the whole command.
/// </summary>
internal static class PlainCells
{
    public static Table AddPlainRow(this Table table, params IEnumerable<string> cells) =>
        table.AddRow(cells.Select(c => new Text(c)));

    public static Table AddPlainColumns(this Table table, params IEnumerable<string> headers)
    {
        foreach (var header in headers) table.AddColumn(new TableColumn(new Text(header)));
        return table;
    }
}
