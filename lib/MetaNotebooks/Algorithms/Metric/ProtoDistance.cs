namespace MetaNotebooks.Algorithms.Metric;

/// <summary>How Prototypical Networks compare a query embedding with a class prototype.</summary>
public enum ProtoDistance
{
    /// <summary>||z - c||^2, the paper's choice (a Bregman divergence: prototypes are then the optimal class centres).</summary>
    SquaredEuclidean,

    /// <summary>scale * (1 - cos(z, c)): the cosine alternative the paper compares against (worse in its experiments).</summary>
    Cosine,
}
