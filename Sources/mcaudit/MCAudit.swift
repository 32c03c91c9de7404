import ArgumentParser
import MCAuditCore

/// `mcaudit`: audits micro-credential course definitions against rule packs.
@main
struct MCAudit: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "mcaudit",
    abstract: "Audit micro-credential course definitions against EU and national rule packs.",
    discussion: """
      Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; \
      2 input problems (unreadable or invalid file, invalid pack, unknown pack id); 64 usage.
      """,
    version: version,
    subcommands: [Audit.self, Explain.self, Packs.self, Schema.self],
    defaultSubcommand: nil)
}
