package org.camelaliyun.iot.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@link FleetInstance}s in JVMs of their own, on this JVM's test classpath. */
final class Instances implements AutoCloseable {

    /** One child JVM and the FLEET lines it printed. */
    static final class Instance {
        final Process process;
        final PrintWriter commands;
        final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

        Instance(Process process) {
            this.process = process;
            this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.startsWith("FLEET ")) {
                            answers.add(line.substring(6));
                        }
                    }
                } catch (IOException e) {
                    // the process died: nothing more to read
                }
            }, "fleet-instance-reader");
            reader.setDaemon(true);
            reader.start();
        }

        String await(long seconds) throws InterruptedException {
            String answer = answers.poll(seconds, TimeUnit.SECONDS);
            if (answer == null) {
                throw new AssertionError("instance " + process.pid() + " did not answer within " + seconds + " s"
                                         + " (alive: " + process.isAlive() + ")");
            }
            return answer;
        }
    }

    final List<Instance> all = new ArrayList<>();

    Instances(int count, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < count; i++) {
            List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), FleetInstance.class.getName()));
            command.addAll(List.of(args));
            all.add(new Instance(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start()));
        }
        for (Instance instance : all) {
            String ready = instance.await(120);
            if (!ready.equals("READY")) {
                throw new AssertionError("instance said " + ready);
            }
        }
        // the warm-up calls ran on quotas of their own but on the same account: let the gateway's window forget them,
        // or the fleet's first second would share it with them
        Thread.sleep(1_100);
    }

    @Override
    public void close() {
        for (Instance instance : all) {
            instance.process.destroyForcibly();
        }
    }
}
