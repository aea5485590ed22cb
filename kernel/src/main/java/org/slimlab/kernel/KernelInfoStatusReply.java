package org.slimlab.kernel;

import com.google.gson.annotations.SerializedName;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;

import java.util.List;

/** kernel_info_reply with the {@code "status": "ok"} field the messaging spec requires. */
final class KernelInfoStatusReply extends KernelInfoReply {
    @SerializedName("status")
    private final String status = "ok";

    KernelInfoStatusReply(String protocolVersion, String implementation, String implementationVersion,
                          LanguageInfo languageInfo, String banner, List<HelpLink> helpLinks) {
        super(protocolVersion, implementation, implementationVersion, languageInfo, banner, helpLinks);
    }
}
