package io.clickstream.etl.table;

import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The compact serialized form of the values the Java aggregates keep (text, event positions), for their
 * {@link java.io.Externalizable} forms: Java's default serialization of records and fields cost as much as the folds
 * themselves when their partial aggregates were shuffled.
 */
final class Wire {

    private Wire() {
    }

    static UTF8String copy(UTF8String s) {
        return s == null ? null : s.copy();
    }

    static void writeText(ObjectOutput out, UTF8String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static UTF8String readText(ObjectInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return UTF8String.fromBytes(bytes);
    }

    /** A nullable array of nullable texts. */
    static void writeTexts(ObjectOutput out, UTF8String[] texts) throws IOException {
        out.writeInt(texts == null ? -1 : texts.length);
        if (texts != null) {
            for (UTF8String t : texts) {
                writeText(out, t);
            }
        }
    }

    static UTF8String[] readTexts(ObjectInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        UTF8String[] texts = new UTF8String[n];
        for (int i = 0; i < n; i++) {
            texts[i] = readText(in);
        }
        return texts;
    }

    static void writeAt(ObjectOutput out, FirstLast at) throws IOException {
        out.writeBoolean(at != null);
        if (at != null) {
            out.writeLong(at.time());
            writeText(out, at.id());
        }
    }

    static FirstLast readAt(ObjectInput in) throws IOException {
        return in.readBoolean() ? new FirstLast(in.readLong(), readText(in)) : null;
    }
}
