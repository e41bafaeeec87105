namespace RobustGrid.Grid.Hosting.WebConsole;

/// <summary>
/// The Launch page: a spec pasted or read from a file, checked by the grid's spec validator (POST
/// /api/sweeps/validate) before it is launched (POST /api/sweeps); errors are listed with their field paths.
/// </summary>
public static class LaunchView
{
    public static Html Page(int maxSpecBytes) => new Html()
        .Raw("<form id=\"launch\" class=\"launch\" data-validate=\"/api/sweeps/validate\" ")
        .Raw("data-launch=\"/api/sweeps\">")
        .Raw("<label>Spec file <input type=\"file\" id=\"spec-file\" accept=\".yaml,.yml,text/yaml\"></label>")
        .Raw($"<textarea id=\"spec\" name=\"spec\" rows=\"22\" spellcheck=\"false\" maxlength=\"{maxSpecBytes}\" ")
        .Raw("aria-label=\"sweep spec (YAML)\" placeholder=\"name: my-sweep&#10;dataset: fashion-mnist&#10;")
        .Raw("method: grid&#10;parameters:&#10;  epochs: {value: 1}\"></textarea>")
        .Raw("<div class=\"actions\"><button type=\"button\" id=\"check\">Check</button>")
        .Raw("<button type=\"submit\" id=\"launch-button\">Launch</button></div>")
        .Raw("<div id=\"spec-result\" role=\"status\"></div></form>")
        .Element("p", $"A spec may have up to {maxSpecBytes} bytes. Checking never launches anything.", "hint");
}
