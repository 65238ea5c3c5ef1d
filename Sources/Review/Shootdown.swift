/// The tool's name and version as they appear in JSON output (`"tool"`, `"version"`).
public enum Shootdown {
    public static let name = "shootdown"
    public static let version = "0.1.0"
}
