package org.slimlab.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;

import java.lang.reflect.Field;

/**
 * Shortens how long the base library's shell and control loops sleep between polls (50 ms there). A
 * request that arrives during the sleep waits for it, so this pause adds directly to every cell's round
 * trip; 10 ms adds 5 ms on average and keeps an idle kernel's polling cheap. Call it before connecting.
 * Should the library's fields change, the default polling stays and the kernel works as before.
 */
final class ChannelPolling {
    static final long POLL_MILLIS = 10;

    private ChannelPolling() {
    }

    /** True when both loops now sleep {@link #POLL_MILLIS} ms. */
    static boolean shorten(JupyterConnection connection) {
        try {
            Field sleep = ShellChannel.class.getDeclaredField("sleep");
            sleep.setAccessible(true);
            for (String name : new String[] {"shell", "control"}) {
                Field channel = JupyterConnection.class.getDeclaredField(name);
                channel.setAccessible(true);
                sleep.setLong(channel.get(connection), POLL_MILLIS);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
