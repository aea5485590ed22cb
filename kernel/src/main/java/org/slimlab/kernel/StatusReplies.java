package org.slimlab.kernel;

import com.google.gson.annotations.SerializedName;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.HistoryReply;
import org.dflib.jjava.jupyter.messages.reply.InterruptReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;

import java.util.List;
import java.util.Map;

/**
 * Replies as the messaging spec writes them: with the {@code "status": "ok"} field the base library leaves
 * out, history entries as arrays, and execute_reply payloads.
 */
final class StatusReplies {

    private StatusReplies() {
    }

    /** kernel_info_reply. */
    static final class KernelInfo extends KernelInfoReply {
        @SerializedName("status")
        private final String status = "ok";

        KernelInfo(String protocolVersion, String implementation, String implementationVersion,
                   LanguageInfo languageInfo, String banner, List<HelpLink> helpLinks) {
            super(protocolVersion, implementation, implementationVersion, languageInfo, banner, helpLinks);
        }
    }

    /** history_reply, its entries written as the spec's {@code [session, line, input]} or {@code [session, line, [input, output]]}. */
    static final class History implements ContentType<History> {
        @SerializedName("status")
        private final String status = "ok";
        @SerializedName("history")
        private final List<List<Object>> history;

        History(List<HistoryEntry> entries) {
            history = entries.stream().map(History::row).toList();
        }

        private static List<Object> row(HistoryEntry e) {
            Object text = e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput();
            return List.of(e.getSession(), e.getCellNumber(), text);
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public MessageType<History> getType() {
            return (MessageType) HistoryReply.MESSAGE_TYPE;
        }
    }

    /** execute_reply of a cell that ran, with the payloads (pager text) it produced. */
    static final class Execute implements ContentType<Execute> {
        @SerializedName("status")
        private final String status = "ok";
        @SerializedName("execution_count")
        private final int executionCount;
        @SerializedName("user_expressions")
        private final Map<String, Object> userExpressions = Map.of();
        @SerializedName("payload")
        private final List<Map<String, Object>> payload;

        Execute(int executionCount, List<Map<String, Object>> payload) {
            this.executionCount = executionCount;
            this.payload = List.copyOf(payload);
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public MessageType<Execute> getType() {
            return (MessageType) ExecuteReply.MESSAGE_TYPE;
        }
    }

    /** execute_reply for a cell skipped because an earlier queued cell failed. */
    static final class Aborted implements ContentType<Aborted> {
        @SerializedName("status")
        private final String status = "aborted";

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public MessageType<Aborted> getType() {
            return (MessageType) ExecuteReply.MESSAGE_TYPE;
        }
    }

    /** interrupt_reply. */
    static final class Interrupt extends InterruptReply {
        @SerializedName("status")
        private final String status = "ok";
    }
}
