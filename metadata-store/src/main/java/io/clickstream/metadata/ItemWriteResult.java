package io.clickstream.metadata;

/**
 * What became of one write of {@link MetadataStore#writeAll}: the item as stored, or the conflict that refused it
 * (nothing was written for that key).
 */
public record ItemWriteResult(Item item, ItemConflictException conflict) {

    public ItemWriteResult {
        if ((item == null) == (conflict == null)) {
            throw new IllegalArgumentException("a write result holds either the item or the conflict");
        }
    }

    public boolean written() {
        return item != null;
    }
}
