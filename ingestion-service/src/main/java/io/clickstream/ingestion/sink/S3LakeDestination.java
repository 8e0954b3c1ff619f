package io.clickstream.ingestion.sink;

import io.clickstream.model.LakeLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Publishes batches as objects under {@code s3://bucket/prefix/raw/...} through the AWS SDK: one PutObject for a
 * small batch, a multipart upload for a large one (aborted when a part fails). An object becomes visible only when
 * complete, which keeps the lake's complete-then-visible contract.
 */
public final class S3LakeDestination implements BatchDestination {

    /** S3's smallest part (except the last one). */
    public static final long MIN_PART_BYTES = 5L * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final LakeLayout layout;
    private final long partBytes;

    /**
     * @param prefix    key prefix of the lake inside the bucket, may be empty
     * @param partBytes batches larger than this are uploaded in parts of this size (at least 5 MiB)
     */
    public S3LakeDestination(S3Client s3, String bucket, String prefix, long partBytes) {
        if (partBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("parts must be at least 5 MiB");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.layout = new LakeLayout(prefix == null || prefix.isEmpty() ? "." : prefix);
        this.partBytes = partBytes;
    }

    /** Parses {@code s3://bucket[/prefix]} into a destination with 16 MiB parts. */
    public static S3LakeDestination of(S3Client s3, String uri) {
        if (!uri.startsWith("s3://")) {
            throw new IllegalArgumentException("not an s3:// URI: " + uri);
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket in " + uri);
        }
        return new S3LakeDestination(s3, bucket, prefix, 16L * 1024 * 1024);
    }

    /** The object key of a batch. */
    String key(String appId, LocalDate date, int hour, String fileName) {
        String key = layout.rawPartition(appId, date, hour) + "/" + fileName;
        return key.startsWith("./") ? key.substring(2) : key;
    }

    @Override
    public void publish(Path batch, String appId, LocalDate date, int hour, String fileName) throws IOException {
        String key = key(appId, date, hour, fileName);
        long size = Files.size(batch);
        try {
            if (size <= partBytes) {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/gzip"),
                        RequestBody.fromFile(batch));
            } else {
                uploadInParts(batch, key, size);
            }
        } catch (SdkException e) {
            throw new IOException("cannot upload " + batch + " to s3://" + bucket + "/" + key, e);
        }
        Files.delete(batch);
        RawBatchPublisher.syncDirectory(batch.getParent());
    }

    private void uploadInParts(Path batch, String key, long size) throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("application/gzip"))
                .uploadId();
        try (InputStream in = Files.newInputStream(batch)) {
            List<CompletedPart> parts = new ArrayList<>();
            long remaining = size;
            for (int number = 1; remaining > 0; number++) {
                int length = (int) Math.min(partBytes, remaining);
                byte[] part = in.readNBytes(length);
                if (part.length != length) {
                    throw new IOException(batch + " shrank while it was uploaded");
                }
                int partNumber = number;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                        RequestBody.fromBytes(part)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                remaining -= length;
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (IOException | SdkException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }
}
