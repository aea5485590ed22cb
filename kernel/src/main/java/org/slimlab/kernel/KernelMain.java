package org.slimlab.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.nio.file.Files;
import java.nio.file.Path;

/** Starts the SlimLab kernel on the connection file Jupyter passes: {@code KernelMain CONNECTION_FILE}. */
public final class KernelMain {

    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("usage: java org.slimlab.kernel.KernelMain CONNECTION_FILE");
            System.exit(2);
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        JavaKernel kernel = new JavaKernelBuilder().build();
        KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new JupyterConnection(properties);
        ChannelPolling.shorten(connection);
        kernel.becomeHandlerForConnection(connection);
        kernel.onStartup();
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }
}
