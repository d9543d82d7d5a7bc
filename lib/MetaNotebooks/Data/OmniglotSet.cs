namespace MetaNotebooks.Data;

/// <summary>The two halves of Omniglot as Lake et al. published them.</summary>
public enum OmniglotSet
{
    /// <summary>images_background.zip: 30 alphabets, 964 characters (Lake's training half).</summary>
    Background,
    /// <summary>images_evaluation.zip: 20 alphabets, 659 characters (Lake's test half).</summary>
    Evaluation,
}
