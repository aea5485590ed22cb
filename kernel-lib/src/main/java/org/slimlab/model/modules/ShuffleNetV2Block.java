package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import java.util.List;

/**
 * ShuffleNetV2 unit (torchvision layout). Stride 1: the input is split in halves, the second half
 * runs through {@code branch2}; stride 2: both {@code branch1} and {@code branch2} read the whole
 * input. The two halves are concatenated and channel-shuffled (2 groups).
 */
public final class ShuffleNetV2Block extends UnaryModule {
    private final Sequential branch1;
    private final Sequential branch2;
    private final int s;

    /**
     * @param inp input channels
     * @param oup output channels, even (each branch makes half)
     * @param s stride, 1 or 2
     * @param mid width inside {@code branch2} (torchvision: oup/2)
     */
    public ShuffleNetV2Block(int inp, int oup, int s, int mid) {
        require(oup % 2 == 0, "channel mismatch: ShuffleNetV2 needs an even output width, got " + oup);
        require(s > 1 || inp == oup,
                "channel mismatch: a stride-1 ShuffleNetV2 unit keeps its width, input " + inp + " vs output " + oup);
        require(s > 1 || inp % 2 == 0, "channel mismatch: a stride-1 ShuffleNetV2 unit splits an even input, got " + inp);
        int bf = oup / 2;
        this.s = s;
        branch1 = s > 1 ? child("branch1", new Sequential(List.of(
                new Conv(inp, inp, 3, s, 1, inp, 1, Act.identity()),
                new Conv(inp, bf, 1, 1, Act.of(Act.Kind.RELU))))) : null;
        branch2 = child("branch2", new Sequential(List.of(
                new Conv(s > 1 ? inp : inp / 2, mid, 1, 1, Act.of(Act.Kind.RELU)),
                new Conv(mid, mid, 3, s, 1, mid, 1, Act.identity()),
                new Conv(mid, bf, 1, 1, Act.of(Act.Kind.RELU)))));
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray y;
        if (s == 1) {
            NDList halves = x.split(2, 1);
            y = halves.get(0).concat(call(branch2, ps, halves.get(1), training), 1);
        } else {
            y = call(branch1, ps, x, training).concat(call(branch2, ps, x, training), 1);
        }
        Shape sh = y.getShape();
        return y.reshape(sh.get(0), 2, sh.get(1) / 2, sh.get(2), sh.get(3)).transpose(0, 2, 1, 3, 4).reshape(sh);
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        if (s == 1) {
            Shape[] halves = t.split(in, in.get(1) / 2, in.get(1) / 2);
            return t.shuffle(t.concat(halves[0], t.apply(branch2, halves[1])), 2);
        }
        Shape a = t.apply(branch1, in);
        Shape b = t.apply(branch2, in);
        return t.shuffle(t.concat(a, b), 2);
    }
}
