using MetaNotebooks.Runner;

// The kernel process: `dotnet exec MetaNotebooks.Runner.dll kernel <notebook> <executed-copy> <cell-timeout-seconds>`.
// NotebookRunner starts it, one per notebook, and ends it if it overruns. Events go to the real stdout;
// the cells' own console output is captured by the kernel into the executed notebook.
if (args is ["kernel", var notebook, var output, var seconds])
{
    var events = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
    var code = await KernelHost.RunAsync(notebook, output, TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)), events);
    events.Flush();
    // Exit at once: a timed-out cell's thread may still be spinning, and only ending the process stops it.
    Environment.Exit(code);
}
Console.Error.WriteLine("usage: MetaNotebooks.Runner kernel <notebook.ipynb> <executed.ipynb> <cell-timeout-seconds>");
Console.Error.WriteLine("To run notebooks, use the metanb command: metanb run [notebooks...]");
return 64;
