package dev.gluestick.samples.train;

import java.util.List;
import java.util.NoSuchElementException;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One epoch of minibatches over the demonstrations in a given (seeded) order. SameDiff trains far
 * faster from an iterator than from repeated {@code fit(DataSet)} calls, which rebuild the
 * training session each time. Synchronous (no prefetch thread), so the order is reproducible.
 */
final class EpochIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final transient Demonstrations data;
    private final int[] order;
    private final int batch;
    private final int obsSize;
    private final int actSize;
    private int cursor;

    EpochIterator(Demonstrations data, int[] order, int batch, int obsSize, int actSize) {
        this.data = data;
        this.order = order.clone();
        this.batch = batch;
        this.obsSize = obsSize;
        this.actSize = actSize;
    }

    @Override
    public boolean hasNext() {
        return cursor + batch <= order.length;
    }

    @Override
    public DataSet next() {
        return next(batch);
    }

    @Override
    public DataSet next(int num) {
        if (cursor + num > order.length) {
            throw new NoSuchElementException();
        }
        float[] xb = new float[num * obsSize];
        float[] yb = new float[num * actSize];
        data.gather(order, cursor, cursor + num, xb, yb);
        cursor += num;
        return new DataSet(Nd4j.create(xb, new long[] {num, obsSize}, 'c'), Nd4j.create(yb, new long[] {num, actSize}, 'c'));
    }

    @Override
    public int inputColumns() {
        return obsSize;
    }

    @Override
    public int totalOutcomes() {
        return actSize;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        cursor = 0;
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("no preprocessing: observations are already normalised");
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
