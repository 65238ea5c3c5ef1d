#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PatchModel

extension KernelSources {
    /// Reads the files the model uses from a kernel tree on disk (the knowledge base's files and the
    /// `*tlb*`, `fault.c` and `*pgtable*` files of each arch's mm folders). Only those files are read,
    /// so a whole tree costs a few dozen reads.
    public static func load(folder: String, label: String? = nil) throws(IngestError) -> KernelSources {
        var isDirectory = stat()
        guard stat(folder, &isDirectory) == 0, (isDirectory.st_mode & S_IFMT) == S_IFDIR else {
            throw IngestError(.missingInput, InputLocation(file: folder), "not a kernel tree folder")
        }
        var paths = Set<String>()
        for knowledge in KnowledgeBase.archs + [KnowledgeBase.generic] {
            paths.formUnion(knowledge.files)
            for directory in knowledge.folders {
                for name in list(folder + "/" + directory) where knowledge.reads(directory + name) {
                    paths.insert(directory + name)
                }
            }
        }
        var files: [String: [UInt8]] = [:]
        for path in paths.sorted() {
            let full = folder + "/" + path
            var info = stat()
            guard stat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            files[path] = try MailboxReader.readFile(full)
        }
        return KernelSources(label: label ?? folder, files: files)
    }

    static func list(_ directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }
}
