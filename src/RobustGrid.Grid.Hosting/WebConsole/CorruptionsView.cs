namespace RobustGrid.Grid.Hosting.WebConsole;

/// <summary>The Corruptions page: each dataset's preview grid (clean, then severities 1 to 5, for every
/// corruption).</summary>
public static class CorruptionsView
{
    public static Html Page(ICorruptionPreviews? previews)
    {
        if (previews is null)
            return new Html().Element("p", "This silo has no corruption engine, so it draws no previews.", "empty");
        var html = new Html().Element("p", "The first test image of each dataset under every corruption (rows) and " +
                                           "severity (columns 1 to 5); * marks the four extra corruptions.", "hint");
        foreach (var dataset in previews.Datasets)
            html.Element("h2", dataset).Raw("<img class=\"preview\" ")
                .Raw($"src=\"{ConsolePage.Root}/corruptions/{Html.Url(dataset)}.png\" ")
                .Raw($"alt=\"{Html.Encode($"{dataset}: a test image under every corruption and severity")}\">");
        return html;
    }
}
