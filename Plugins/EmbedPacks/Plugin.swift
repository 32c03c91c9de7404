import PackagePlugin

/// Embeds the YAML files of `frameworks/` (reached through the target's `frameworks` symlink,
/// so that new packs are seen) into the `MCAuditFrameworks` module. All logic is in `pack-embedder`.
@main
struct EmbedPacks: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
    guard let target = target as? SourceModuleTarget else { return [] }
    let files = target.sourceFiles.map(\.url)
      .filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
    let root = target.directoryURL.appending(path: "frameworks")
    let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFrameworks.swift")
    return [
      .buildCommand(
        displayName: "Embedding \(files.count) framework file(s)",
        executable: try context.tool(named: "pack-embedder").url,
        arguments: [output.path, root.path] + files.map(\.path),
        inputFiles: files,
        outputFiles: [output])
    ]
  }
}
