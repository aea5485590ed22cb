package org.slimlab.slim;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A dependency group, in Torch-Pruning's sense: channels that can only be removed together, with
 * every layer axis they touch. Each of the group's {@link #size()} channels is one coupled
 * channel: removing it removes one output filter of every producing convolution (and its
 * BatchNorm entry), the matching input slice of every consuming convolution, and the entry of any
 * channel-wise parameter, at every position where it appears (a Concat or an SPPF stack may show it
 * several times).
 */
public final class DependencyGroup {
    /** How a layer takes part in a group. */
    public enum Role {
        /** Output filters of a convolution (weight axis 0, bias). */
        OUT,
        /** Input channels of a convolution (weight axis 1; for grouped convolutions whole groups). */
        IN,
        /** Entries of a BatchNorm (gamma, beta, running mean and variance). */
        NORM,
        /** Entries of a channel-wise parameter (an implicit vector). */
        PARAM
    }

    /**
     * One layer axis of a group.
     *
     * @param layer the layer ({@code model.2.cv1.conv}, {@code model.77.ia.0.implicit})
     * @param role how it takes part
     * @param positions the indices along that axis that belong to the group, ascending
     */
    public record Member(String layer, Role role, int[] positions) {
        /** {@code model.2.cv1.conv out[0:16]}, with index ranges. */
        @Override
        public String toString() {
            return layer + " " + role.name().toLowerCase(java.util.Locale.ROOT) + ranges(positions);
        }
    }

    private final int id;
    private final int[] roots;
    private final List<Member> members;
    private final String pinned;
    private final int[] rows;

    DependencyGroup(int id, int[] roots, List<Member> members, String pinned, int[] rows) {
        this.id = id;
        this.roots = roots;
        this.members = List.copyOf(members);
        this.pinned = pinned;
        this.rows = rows;
    }

    /** Position in the graph's list, from 0. */
    public int id() {
        return id;
    }

    /** The layer that names the group: its first producing block ({@code model.4.cv1}), or its first member. */
    public String name() {
        for (Member m : members) {
            if (m.role() == Role.OUT) {
                return m.layer().endsWith(".conv") ? m.layer().substring(0, m.layer().length() - ".conv".length()) : m.layer();
            }
        }
        return members.isEmpty() ? "group " + id : members.get(0).layer();
    }

    /** Number of coupled channels. */
    public int size() {
        return roots.length;
    }

    /** Every layer axis the group touches, in walk order. */
    public List<Member> members() {
        return members;
    }

    /** Members with a given role. */
    public List<Member> members(Role role) {
        return members.stream().filter(m -> m.role() == role).collect(Collectors.toList());
    }

    /** Why the group can never be pruned (model input, model output ...), or null when it can. */
    public String pinned() {
        return pinned;
    }

    /** True unless {@link #pinned()}. */
    public boolean prunable() {
        return pinned == null;
    }

    /** The model rows the group touches, ascending. */
    public int[] rows() {
        return rows.clone();
    }

    /** The coupled-channel ids, in the group's channel order. */
    int[] roots() {
        return roots;
    }

    /** {@code group 7 model.4.cv1 (32 channels): model.4.cv1.conv out[0:32], ...}. */
    @Override
    public String toString() {
        return "group " + id + " " + name() + " (" + size() + " channels" + (pinned == null ? "" : ", kept: " + pinned)
                + "): " + members.stream().map(Member::toString).collect(Collectors.joining(", "));
    }

    /** {@code [0:16,32:48]} for positions 0..15 and 32..47. */
    static String ranges(int[] positions) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < positions.length) {
            int j = i;
            while (j + 1 < positions.length && positions[j + 1] == positions[j] + 1) {
                j++;
            }
            parts.add(i == j ? String.valueOf(positions[i]) : positions[i] + ":" + (positions[j] + 1));
            i = j + 1;
        }
        return "[" + String.join(",", parts) + "]";
    }
}
