package io.clickstream.etl.table;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.Arrays;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A group key of text values, as SQL groups them: a missing value is a key value of its own. Its hash is computed
 * once (hashing UTF-8 text is most of a probe), and it travels through a shuffle as its bytes only.
 */
final class TextKey implements HashFold.GroupKey<TextKey>, Externalizable {
    private static final long serialVersionUID = 1L;

    private UTF8String[] parts;
    private int hash;

    /** For deserialization only. */
    public TextKey() {
    }

    TextKey(UTF8String... parts) {
        this(parts, Arrays.hashCode(parts));
    }

    private TextKey(UTF8String[] parts, int hash) {
        this.parts = parts;
        this.hash = hash;
    }

    UTF8String part(int i) {
        return parts[i];
    }

    @Override
    public TextKey own() {
        UTF8String[] copies = new UTF8String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            copies[i] = Wire.copy(parts[i]);
        }
        return new TextKey(copies, hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextKey k && k.hash == hash && Arrays.equals(k.parts, parts);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(parts);
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        Wire.writeTexts(out, parts);
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        parts = Wire.readTexts(in);
        hash = Arrays.hashCode(parts);
    }
}
