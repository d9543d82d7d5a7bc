using System.Text;

namespace MetaNotebooks.Interactive.Kernel;

/// <summary>
/// Routes <see cref="Console.Out"/> and <see cref="Console.Error"/> into the running cell's outputs while a
/// cell runs, and back to the real console otherwise.
/// </summary>
public sealed class ConsoleCapture : IDisposable
{
    private readonly TextWriter _originalOut = Console.Out;
    private readonly TextWriter _originalError = Console.Error;
    private CellOutputCollector? _target;

    /// <summary>Installs the routing writers.</summary>
    public ConsoleCapture()
    {
        Console.SetOut(TextWriter.Synchronized(new RoutingWriter(this, "stdout", _originalOut)));
        Console.SetError(TextWriter.Synchronized(new RoutingWriter(this, "stderr", _originalError)));
    }

    /// <summary>Sends console text to <paramref name="target"/> (null: to the real console).</summary>
    public void RouteTo(CellOutputCollector? target) => Volatile.Write(ref _target, target);

    /// <summary>Restores the original console writers.</summary>
    public void Dispose()
    {
        Console.SetOut(_originalOut);
        Console.SetError(_originalError);
    }

    private sealed class RoutingWriter(ConsoleCapture owner, string stream, TextWriter fallback) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(string? value)
        {
            if (value is null)
            {
                return;
            }
            if (Volatile.Read(ref owner._target) is { } target)
            {
                target.WriteStream(stream, value);
            }
            else
            {
                fallback.Write(value);
            }
        }

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Flush() => fallback.Flush();
    }
}
