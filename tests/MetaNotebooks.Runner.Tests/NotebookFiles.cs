using System.Text.Json.Nodes;
using MetaNotebooks.Runner.Notebooks;

namespace MetaNotebooks.Runner.Tests;

/// <summary>Notebooks written by a test: C# code cells only.</summary>
internal static class NotebookFiles
{
    /// <summary>The JSON of a notebook whose code cells hold <paramref name="cells"/>, in order.</summary>
    public static string Code(params string[] cells) => new JsonObject
    {
        ["cells"] = new JsonArray(cells.Select((source, i) => (JsonNode?)new JsonObject
        {
            ["cell_type"] = "code", ["execution_count"] = null, ["id"] = $"c{i}",
            ["metadata"] = new JsonObject { ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" } },
            ["outputs"] = new JsonArray(), ["source"] = NotebookCell.SplitLines(source),
        }).ToArray()),
        ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["language"] = "C#", ["display_name"] = ".NET (C#)" } },
        ["nbformat"] = 4, ["nbformat_minor"] = 5,
    }.ToJsonString();
}
