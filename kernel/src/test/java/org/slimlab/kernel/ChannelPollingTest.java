package org.slimlab.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelPollingTest {

    @Test
    void shortensTheShellAndControlLoops() throws Exception {
        JupyterConnection connection = new JupyterConnection(new KernelConnectionProperties(
                "127.0.0.1", 0, 0, 0, 0, 0, "tcp", "hmac-sha256", "secret"));
        try {
            assertTrue(ChannelPolling.shorten(connection));
            Field sleep = ShellChannel.class.getDeclaredField("sleep");
            sleep.setAccessible(true);
            for (String name : new String[] {"shell", "control"}) {
                Field channel = JupyterConnection.class.getDeclaredField(name);
                channel.setAccessible(true);
                assertEquals(ChannelPolling.POLL_MILLIS, sleep.getLong(channel.get(connection)));
            }
        } finally {
            connection.close();
        }
    }
}
