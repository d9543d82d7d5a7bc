using MetaNotebooks.Interactive.Checks;

namespace MetaNotebooks.Interactive.Tests;

/// <summary>
/// An exercise's check: "not attempted yet" for a stub as shipped, "passed" when every check holds, and otherwise a failure
/// that names the exercise and says what is wrong.
/// </summary>
[Collection(NotebookProcesses.Name)]
public sealed class ExerciseTests
{
    private static string Printed(Action action) => ConsoleCapture.Printed(action);

    [Fact]
    public void A_stub_as_shipped_is_not_attempted_yet_whether_a_value_or_a_method()
    {
        string? name = Exercise.Todo<string>();
        double? ratio = Exercise.Todo<double?>();
        int Square(int v) => throw new NotImplementedException();
        var expected = "exercise 1 (a name): not attempted yet.\n  Write your code in the cell above, where it says \"your code here\", run it, then run this check again.";
        Assert.Equal(expected, Printed(() => Exercise.Check(1, "a name", () => Check.That(Exercise.Answer(name).Length > 0, "named"))).Replace("\r\n", "\n"));
        Assert.Contains("exercise 2 (a ratio): not attempted yet", Printed(() => Exercise.Check(2, "a ratio", () => Check.That(Exercise.Answer(ratio) > 0, "positive"))));
        Assert.Contains("exercise 3 (squares): not attempted yet", Printed(() => Exercise.Check(3, "squares", () => Check.That(Square(3) == 9, "3 squared"))));
        // A stub's exception from inside a LINQ query or a task arrives wrapped.
        Assert.Contains("not attempted yet", Printed(() => Exercise.Check(4, "wrapped", () => Task.Run(() => Square(2)).Wait())));
    }

    [Fact]
    public void A_solved_exercise_passes_after_its_own_checks_print()
    {
        string? name = "cosine";
        double? ratio = 0.5;
        var printed = Printed(() => Exercise.Check(1, "a name and a ratio", () =>
        {
            Check.That(Exercise.Answer(name) == "cosine", "the name");
            Check.That(Exercise.Answer(ratio) == 0.5, "the ratio");
        }));
        Assert.Equal("ok: the name\nok: the ratio\nexercise 1 (a name and a ratio): passed", printed.Replace("\r\n", "\n"));
    }

    [Fact]
    public void A_wrong_answer_fails_with_the_exercise_and_the_check_that_did_not_hold()
    {
        int? doubled = 41;
        var failed = Assert.Throws<CheckFailedException>(() => Exercise.Check(2, "doubling", () => Check.That(Exercise.Answer(doubled) == 42, "doubled is 42")));
        Assert.StartsWith("exercise 2 (doubling): check failed: doubled is 42", failed.Message);
        Assert.Contains("Fix your code in the cell above", failed.Message);
    }

    [Fact]
    public void An_answer_that_throws_fails_with_the_exception_it_threw()
    {
        var failed = Assert.Throws<CheckFailedException>(() => Exercise.Check(3, "indexing", () => { var values = new int[2]; _ = values[Math.Abs(-5)]; }));
        Assert.StartsWith("exercise 3 (indexing): your code threw IndexOutOfRangeException:", failed.Message);
    }
}
