using System.Net;
using System.Net.Sockets;

namespace MetaNotebooks.Tests;

/// <summary>
/// An HTTP server on 127.0.0.1 for downloader tests. <c>respond(n, context)</c> answers the n-th request (1-based).
/// </summary>
public sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _requests;

    public LocalHttpServer(Func<int, HttpListenerContext, Task> respond)
    {
        // Find a free port, then listen on it (HttpListener cannot bind port 0 itself).
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            try
            {
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                _listener.Start();
                BaseUrl = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                var n = Interlocked.Increment(ref _requests);
                try { await respond(n, context); }
                catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { }
            }
        });
    }

    public Uri BaseUrl { get; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Serves <paramref name="body"/> with status 200 and its length.</summary>
    public static async Task Serve(HttpListenerContext context, byte[] body)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }

    /// <summary>Announces <paramref name="body"/>'s full length, sends half of it, then drops the connection.</summary>
    public static async Task ServeTruncated(HttpListenerContext context, byte[] body)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2));
        await context.Response.OutputStream.FlushAsync();
        context.Response.Abort();
    }

    public static void Status(HttpListenerContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentLength64 = 0;
        context.Response.Close();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
