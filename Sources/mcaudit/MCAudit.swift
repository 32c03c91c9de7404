import ArgumentParser
import MCAuditCore

/// `mcaudit`: audits micro-credential course definitions against rule packs.
@main
struct MCAudit: ParsableCommand {
  static let version = "0.1.0"

  /// Every command names itself (`commandName`): a name left out is derived from the type's name,
  /// which costs a demangling of Swift type metadata at every start (4 % of an audit's start-up).
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
