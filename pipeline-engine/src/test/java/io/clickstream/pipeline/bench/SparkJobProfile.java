package io.clickstream.pipeline.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Prints every Spark job of the process as it ends: wall time, stages, tasks, the tasks' CPU and the call site of its
 * last stage, so that a benchmark's passes can be split into the jobs that take their time. Registered with
 * {@code -Dspark.extraListeners=io.clickstream.pipeline.bench.SparkJobProfile} (bench/freshness/run.sh does so with
 * {@code PROFILE=1}).
 */
public final class SparkJobProfile extends SparkListener {

    private final Map<Integer, Long> started = new ConcurrentHashMap<>();
    private final Map<Integer, String> names = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> stageJob = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> jobCpu = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> jobTasks = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> jobStages = new ConcurrentHashMap<>();

    @Override
    public void onJobStart(SparkListenerJobStart e) {
        started.put(e.jobId(), System.nanoTime());
        jobCpu.put(e.jobId(), new AtomicLong());
        jobTasks.put(e.jobId(), new AtomicLong());
        jobStages.put(e.jobId(), e.stageInfos().size());
        scala.collection.Iterator<org.apache.spark.scheduler.StageInfo> it = e.stageInfos().iterator();
        int maxStage = -1;
        String name = "?";
        while (it.hasNext()) {
            org.apache.spark.scheduler.StageInfo s = it.next();
            stageJob.put(s.stageId(), e.jobId());
            if (s.stageId() > maxStage) {
                maxStage = s.stageId();
                name = s.name();
            }
        }
        names.put(e.jobId(), name);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        Integer job = stageJob.get(e.stageId());
        if (job != null && e.taskMetrics() != null) {
            AtomicLong cpu = jobCpu.get(job);
            if (cpu != null) {
                cpu.addAndGet(e.taskMetrics().executorCpuTime());
                jobTasks.get(job).incrementAndGet();
            }
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted e) {
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd e) {
        Long t0 = started.remove(e.jobId());
        AtomicLong cpu = jobCpu.remove(e.jobId());
        AtomicLong tasks = jobTasks.remove(e.jobId());
        System.out.printf("spark-job %tT %4d: %,6d ms wall, %d stages (%d tasks ran), task cpu %,6d ms  %s%n",
                System.currentTimeMillis(), e.jobId(), t0 == null ? -1 : (System.nanoTime() - t0) / 1_000_000,
                jobStages.remove(e.jobId()), tasks == null ? 0 : tasks.get(),
                cpu == null ? -1 : cpu.get() / 1_000_000, names.remove(e.jobId()));
    }
}
