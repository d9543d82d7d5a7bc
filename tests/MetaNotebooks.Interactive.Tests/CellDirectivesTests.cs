using MetaNotebooks.Interactive.Kernel;

namespace MetaNotebooks.Interactive.Tests;

public sealed class CellDirectivesTests
{
    [Fact]
    public void Nuget_references_and_sources_are_taken_out_keeping_line_numbers()
    {
        var d = CellDirectives.Parse("#i \"nuget: /tmp/feed\"\n#r \"nuget: Foo.Bar, 1.2.3\"\n#r \"nuget: Baz\"\n#!time\n#r \"local.dll\"\nvar x = 1;");
        Assert.Equal(["/tmp/feed"], d.Sources);
        Assert.Equal([new NuGetPackageReference("Foo.Bar", "1.2.3", 2), new NuGetPackageReference("Baz", null, 3)], d.Packages);
        Assert.Equal("\n\n\n\n#r \"local.dll\"\nvar x = 1;", d.Code);
    }
}
