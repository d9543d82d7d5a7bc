namespace MetaNotebooks.Tensors;

/// <summary>The two run budgets every notebook and command supports.</summary>
public enum ProfileName
{
    /// <summary>Minutes on 2 CPU cores: CI and laptops.</summary>
    Quick,
    /// <summary>The paper's budget: a GPU or a long CPU run.</summary>
    Full,
}

/// <summary>
/// The one switch between the quick and full budgets. Read from the <c>METANB_PROFILE</c> environment
/// variable (<c>quick</c> when unset), overridable in-process with <see cref="Use"/>.
/// </summary>
public static class Profile
{
    /// <summary>The environment variable that selects the profile.</summary>
    public const string EnvironmentVariable = "METANB_PROFILE";

    private static ProfileName? _override;

    /// <summary>The profile in force: the override if one was set, else the environment variable, else quick.</summary>
    public static ProfileName Current => _override ?? Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Sets the profile for this process (a notebook's setup cell or the CLI's --profile).</summary>
    public static ProfileName Use(string name) => (_override = Parse(name)).Value;

    /// <summary>Picks the value for the current profile: <paramref name="quick"/> or <paramref name="full"/>.</summary>
    public static T Pick<T>(T quick, T full) => Current == ProfileName.Full ? full : quick;

    /// <summary>Parses "quick" or "full" (case-insensitive); null or empty means quick.</summary>
    public static ProfileName Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "quick" => ProfileName.Quick,
        "full" => ProfileName.Full,
        _ => throw new ArgumentException(
            $"Unknown profile '{name}'. Use 'quick' (minutes on a CPU) or 'full' (the paper's budget), " +
            $"e.g. {EnvironmentVariable}=quick.", nameof(name)),
    };
}
