namespace CertCreds.EndToEnd.Compatibility;

/// <summary>What a cell of the compatibility table claims, each proven by its own kind of test.</summary>
public enum CellVerdict
{
    /// <summary>Works with what <c>serve</c>/<c>configure</c>/<c>update</c> print by default: the client gets the assumed role.</summary>
    Works,

    /// <summary>Works only when <c>serve</c> listens on port 80; proven both ways (works on 80, fails on any other port).</summary>
    WorksOnPort80Only,

    /// <summary>The client has no support for this delivery: proven to fail, documented with its workaround.</summary>
    Unsupported,
}
