using System.Diagnostics;
using System.Reflection;
using System.Text;
using MetaNotebooks.Interactive.Display;
using MetaNotebooks.Interactive.Scripting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace MetaNotebooks.Interactive.Kernel;

/// <summary>
/// A C# kernel on Roslyn scripting, the engine under Polyglot's C# kernel: each cell is a submission that
/// continues the previous one, so variables, types and <c>#r</c> references carry across cells. Cells see
/// <c>display(x)</c>, <c>x.Display()</c>, and their trailing expression becomes the cell's result.
/// Not thread-safe: one cell at a time.
/// </summary>
public sealed class ScriptKernel
{
    /// <summary>
    /// The namespaces every cell imports: the Polyglot C# kernel's defaults (so a notebook that runs here
    /// runs there) plus the runner's <c>Display()</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultImports =
    [
        "System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq",
        "Microsoft.DotNet.Interactive.Formatting", "MetaNotebooks.Interactive.Scripting",
    ];

    private readonly KernelGlobals _globals = new();
    private readonly List<NuGetPackageReference> _packages = [];
    private readonly List<string> _sources = [];
    private ScriptOptions _options;
    private ScriptState<object>? _state;
    private int _executionCount;

    /// <summary>Creates a kernel whose relative <c>#r</c> and <c>#load</c> paths start at <paramref name="baseDirectory"/>.</summary>
    public ScriptKernel(string baseDirectory)
    {
        BaseDirectory = Path.GetFullPath(baseDirectory);
        _options = ScriptOptions.Default
            .WithReferences(DefaultReferences())
            .WithImports(DefaultImports)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(BaseDirectory))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(BaseDirectory))
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8)
            .WithLanguageVersion(LanguageVersion.Latest);
    }

    /// <summary>The folder relative paths resolve from (the notebook's folder).</summary>
    public string BaseDirectory { get; }

    /// <summary>
    /// Runs one cell's code. Outputs (console text, displays, the result, an error) go to
    /// <paramref name="outputs"/> as they happen; the returned result carries them too.
    /// </summary>
    public async Task<CellResult> SubmitAsync(string code, int cellNumber, CellOutputCollector outputs, CancellationToken cancellationToken = default)
    {
        var count = ++_executionCount;
        var clock = Stopwatch.StartNew();
        var error = await RunAsync(code, cellNumber, count, outputs, cancellationToken);
        if (error is not null)
        {
            outputs.AddError(error);
        }
        return new CellResult(count, outputs.Outputs, error, clock.Elapsed);
    }

    private async Task<CellError?> RunAsync(string code, int cellNumber, int count, CellOutputCollector outputs, CancellationToken cancellationToken)
    {
        var directives = CellDirectives.Parse(code);
        if (directives.Packages.Count > 0 || directives.Sources.Count > 0)
        {
            _packages.AddRange(directives.Packages);
            _sources.AddRange(directives.Sources);
            if (_packages.Count > 0)
            {
                try
                {
                    var paths = NuGetResolver.Resolve(_packages, _sources);
                    _options = _options.AddReferences(paths.Select(p => MetadataReference.CreateFromFile(p)));
                }
                catch (InvalidOperationException e)
                {
                    return new CellError("NuGetError", e.Message, directives.Packages.FirstOrDefault()?.Line, e.Message);
                }
            }
        }

        var fileName = $"cell{cellNumber}.csx";
        var options = _options.WithFilePath(fileName);
        Script<object> script = _state is null
            ? CSharpScript.Create(directives.Code, options, typeof(KernelGlobals))
            : _state.Script.ContinueWith(directives.Code, options);

        var errors = script.Compile(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var first = errors[0];
            var line = first.Location.IsInSource ? first.Location.GetLineSpan().StartLinePosition.Line + 1 : (int?)null;
            return new CellError("CompilationError", $"{first.Id}: {first.GetMessage()}", line,
                string.Join("\n", errors.Select(e => e.ToString())));
        }

        var previousSink = NotebookDisplay.Sink;
        NotebookDisplay.Sink = outputs;
        try
        {
            var state = _state is null
                ? await script.RunAsync(_globals, _ => true, cancellationToken)
                : await script.RunFromAsync(_state, _ => true, cancellationToken);
            if (state.Exception is { } exception)
            {
                return FromException(exception, fileName);
            }
            _state = state;
            if (EndsWithExpression(directives.Code) && state.ReturnValue is { } value and not DisplayHandle)
            {
                outputs.AddResult(count, MimeBundle.Format(value));
            }
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return FromException(exception, fileName);
        }
        finally
        {
            NotebookDisplay.Sink = previousSink;
        }
    }

    /// <summary>Turns an exception thrown by cell code into an error naming the cell's line.</summary>
    private static CellError FromException(Exception exception, string fileName)
    {
        var inner = exception is TargetInvocationException { InnerException: { } ie } ? ie : exception;
        var line = new StackTrace(inner, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => f.GetFileName() is { } file && Path.GetFileName(file) == fileName)?.GetFileLineNumber();
        return new CellError(inner.GetType().Name, inner.Message, line is > 0 ? line : null, inner.ToString());
    }

    /// <summary>Whether the code's last statement is an expression with no semicolon (Polyglot shows its value).</summary>
    private static bool EndsWithExpression(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script)).GetCompilationUnitRoot();
        return root.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } };
    }

    /// <summary>The framework assemblies (as the Polyglot kernel references them) plus this library and the formatter.</summary>
    private static IEnumerable<MetadataReference> DefaultReferences()
    {
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var n && (n.StartsWith("System.", StringComparison.Ordinal) || n is "netstandard.dll" or "mscorlib.dll" or "Microsoft.CSharp.dll"))
            .Where(p => p.Contains("Microsoft.NETCore.App", StringComparison.Ordinal));
        var own = new[] { typeof(ScriptKernel).Assembly, typeof(Microsoft.DotNet.Interactive.Formatting.Formatter).Assembly }.Select(a => a.Location);
        return trusted.Concat(own).Distinct().Select(p => MetadataReference.CreateFromFile(p));
    }
}
