using System.Xml.Linq;

namespace CertCreds.Provisioning.Iam;

/// <summary>Reads IAM's XML answers by local name (the namespace is IAM's own and changes nothing here).</summary>
internal static class IamXml
{
    public static string? First(XContainer container, string name) =>
        container.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    public static IEnumerable<XElement> All(XContainer container, string name) =>
        container.Descendants().Where(e => e.Name.LocalName == name);
}
