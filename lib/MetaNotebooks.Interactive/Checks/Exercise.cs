namespace MetaNotebooks.Interactive.Checks;

/// <summary>
/// A notebook's exercises (CS330's homeworks, d2l's exercises): the learner writes code in a stub cell, whose first line
/// is <c>//| exercise N</c>, and the next cell checks it with <see cref="Check(int, string, Action)"/>. A stub left as
/// shipped runs without error (its values are <see cref="Todo{T}"/>, its methods throw
/// <see cref="NotImplementedException"/>), and its check reports "not attempted yet" instead of failing, so a first
/// "Run All" goes through. The reference solutions live in <c>notebooks/solutions/NN-name.cs</c>, one section per
/// exercise; <c>metanb run --exercises solutions</c> runs them in place of the stubs, and the notebook tests run both in turn
/// (<c>--exercises both</c>).
/// </summary>
public static class Exercise
{
    /// <summary>The placeholder value of a stub: nothing yet (null). <see cref="Answer{T}(T)"/> reads it as "not attempted".</summary>
    public static T Todo<T>() => default!;

    /// <summary>A stub's answer, read in a check: the value, or "not attempted" when it is still the stub's <see cref="Todo{T}"/>.</summary>
    public static T Answer<T>(T? value) where T : class =>
        value ?? throw new ExerciseNotAttemptedException();

    /// <summary>A stub's answer of a value type, declared nullable in the stub (<c>double? ratio = Exercise.Todo&lt;double?&gt;()</c>).</summary>
    public static T Answer<T>(T? value) where T : struct =>
        value ?? throw new ExerciseNotAttemptedException();

    /// <summary>
    /// Runs exercise <paramref name="number"/>'s checks. Prints "exercise N: passed" when <paramref name="checks"/> returns;
    /// prints "exercise N: not attempted yet ..." when it reads an unanswered stub (an <see cref="Answer{T}(T)"/> of a
    /// <see cref="Todo{T}"/>, or a stub method's <see cref="NotImplementedException"/>); otherwise fails the cell with
    /// a <see cref="CheckFailedException"/> that names the exercise and says what is wrong.
    /// </summary>
    public static void Check(int number, string task, Action checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        try
        {
            checks();
        }
        catch (Exception e) when (NotAttempted(e))
        {
            Console.WriteLine(NotAttemptedLine(number, task));
            return;
        }
        catch (CheckFailedException e)
        {
            throw new CheckFailedException($"exercise {number} ({task}): {e.Message} Fix your code in the cell above, run it, then run this check again.");
        }
        catch (Exception e)
        {
            throw new CheckFailedException($"exercise {number} ({task}): your code threw {e.GetType().Name}: {e.Message} Fix it in the cell above, run it, then run this check again.");
        }
        Console.WriteLine(PassedLine(number, task));
    }

    /// <summary>What a check prints for an exercise whose stub is still empty (the runner looks for it).</summary>
    public static string NotAttemptedLine(int number, string task) =>
        $"exercise {number} ({task}): {NotAttemptedMarker}.\n  Write your code in the cell above, where it says \"your code here\", run it, then run this check again.";

    /// <summary>What a check prints when every check of the exercise holds (the runner looks for it).</summary>
    public static string PassedLine(int number, string task) => $"exercise {number} ({task}): {PassedMarker}";

    /// <summary>The words of <see cref="NotAttemptedLine"/> that say the stub is empty.</summary>
    public const string NotAttemptedMarker = "not attempted yet";

    /// <summary>The word of <see cref="PassedLine"/> that says the exercise is solved.</summary>
    public const string PassedMarker = "passed";

    // A stub's NotImplementedException may come wrapped (a lambda run by TorchSharp or LINQ, a task).
    private static bool NotAttempted(Exception e) => e switch
    {
        ExerciseNotAttemptedException or NotImplementedException => true,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(NotAttempted),
        _ => e.InnerException is { } inner && NotAttempted(inner),
    };
}
