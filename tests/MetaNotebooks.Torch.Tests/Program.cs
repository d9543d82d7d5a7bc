namespace MetaNotebooks.Torch.Tests;

/// <summary>
/// The entry point the tests use to run code in a fresh process (<see cref="ChildProcess"/>):
/// <c>determinism SEED THREADS</c> prints the hash of a short seeded Conv4 training run;
/// <c>native-probe</c> makes one tensor and prints "loaded", or the type and message of the exception a user would see.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "determinism":
                torch.set_num_threads(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
                Console.WriteLine(SeededTraining.Hash(long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture)));
                return 0;
            case "native-probe":
                try
                {
                    using var t = torch.ones(2);
                    using var s = t.sum();
                    Console.WriteLine($"loaded {s.item()}");
                    return 0;
                }
                catch (Exception e)
                {
                    Console.WriteLine(e.GetType().FullName);
                    Console.WriteLine(e.Message);
                    return 3;
                }
            default:
                Console.Error.WriteLine("usage: determinism SEED THREADS | native-probe");
                return 2;
        }
    }
}
