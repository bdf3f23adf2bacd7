package dev.calendlymcp.auth.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files only their owner may read: the data directory (700) and what holds secrets in it (600).
 * They are created with those permissions rather than narrowed afterwards, so no other user can
 * open them in between. Where the file system has no POSIX permissions (Windows), the user's
 * profile directory is what protects them.
 */
public final class PrivateFiles {

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private PrivateFiles() {}

  /** Creates the directory and any missing parents, owner-only; an existing one is left as it is. */
  public static void directory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, attributes("rwx------"));
    }
  }

  /** Creates an empty owner-only file unless it exists. */
  public static void file(Path file) throws IOException {
    try {
      Files.createFile(file, attributes("rw-------"));
    } catch (FileAlreadyExistsException e) {
      // Someone (an earlier run) made it; its permissions are theirs to keep.
    }
  }

  /** Writes a new owner-only file next to {@code target}, flushed to disk, for a rename into place. */
  static Path flushedTempFile(Path target, byte[] content) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp", attributes("rw-------"));
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(content));
      channel.force(true);
    }
    return temp;
  }

  /** Flushes a directory's entries (a new name in it) to disk, where the platform allows it. */
  static void flushDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Not every platform can open a directory (Windows cannot); its file system journals names anyway.
    }
  }

  private static FileAttribute<?>[] attributes(String posixPermissions) {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(posixPermissions))}
        : new FileAttribute<?>[0];
  }
}
