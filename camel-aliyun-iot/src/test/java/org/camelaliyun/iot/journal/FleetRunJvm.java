package org.camelaliyun.iot.journal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Starts {@link FleetRunMain} in JVMs of its own, for the crash test. Starting a JVM that loads Camel, H2 and the
 * component is most of what each execution costs, so the classes one warm-up run loads are archived once (the JDK's
 * class data sharing, which takes classes from jars only: the class folders on the test's class path are jarred
 * first) and mapped by every later JVM instead of being read and verified again. When the archive cannot be made the
 * JVMs start without it: slower, nothing else changes.
 */
final class FleetRunJvm {

    private final String classPath;
    private final Path archive;

    private FleetRunJvm(String classPath, Path archive) {
        this.classPath = classPath;
        this.archive = archive;
    }

    /** Jars the class folders and dumps the archive with a short run of {@code warmUpArgs} (FleetRunMain's). */
    static FleetRunJvm prepare(Path folder, List<String> warmUpArgs) throws Exception {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path jar = folder.resolve("classes-" + n++ + ".jar");
                jar(path, jar);
                entries.add(jar.toString());
            } else if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        String classPath = String.join(java.io.File.pathSeparator, entries);
        Path archive = folder.resolve("fleet-run.jsa");
        List<String> command = new ArrayList<>(base());
        command.add("-XX:ArchiveClassesAtExit=" + archive);
        command.addAll(List.of("-cp", classPath, FleetRunMain.class.getName()));
        command.addAll(warmUpArgs);
        // the dump's own warnings (classes it leaves out) are no news: discarded with the run's output
        Process warmUp = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean ended = warmUp.waitFor(300, TimeUnit.SECONDS);
        if (!ended || warmUp.exitValue() != 0 || !Files.isRegularFile(archive)) {
            warmUp.destroyForcibly();
            System.out.println("FleetRunJvm: no class archive (warm-up run " + (ended ? "exited " + warmUp.exitValue()
                    : "hung") + "); executions start without one");
            return new FleetRunJvm(classPath, null);
        }
        return new FleetRunJvm(classPath, archive);
    }

    Process start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(base());
        if (archive != null) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.addAll(List.of("-cp", classPath, FleetRunMain.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static List<String> base() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m");
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> tree = Files.walk(classes)) {
            for (Path path : (Iterable<Path>) tree.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }
}
