package io.clickstream.pipeline.local;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the JVM that hosts the local runtime give memory back when it is idle. A backfill grows the heap to what
 * Spark needed for it; by default G1 keeps that committed for good (it shrinks only after a collection, and an idle
 * studio collects rarely, and then keeps up to 70 % of the heap free). The options set here are manageable, so
 * they apply to a plain {@code java -jar} too; options given on the command line are left as they are.
 */
final class JvmMemory {

    private static final Logger log = LoggerFactory.getLogger(JvmMemory.class);

    private JvmMemory() {
    }

    /** With G1: a concurrent cycle after a minute without collections, then a heap at most 30 % free. */
    static void returnIdleHeap() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (!"true".equals(vm.getVMOption("UseG1GC").getValue())) {
                return;
            }
            // Min before Max: each must stay on its side of the other.
            boolean changed = setIfDefault(vm, "MinHeapFreeRatio", "10");
            changed |= setIfDefault(vm, "MaxHeapFreeRatio", "30");
            changed |= setIfDefault(vm, "G1PeriodicGCInterval", "60000");
            if (changed) {
                log.info("JVM: idle heap is returned to the system (G1 periodic collection every 60 s while idle, "
                        + "at most 30 % of the heap kept free)");
            }
        } catch (RuntimeException e) {
            log.debug("JVM: heap options not set ({})", e.toString());
        }
    }

    private static boolean setIfDefault(HotSpotDiagnosticMXBean vm, String name, String value) {
        VMOption option = vm.getVMOption(name);
        if (option.getOrigin() != VMOption.Origin.DEFAULT || !option.isWriteable()) {
            return false;
        }
        vm.setVMOption(name, value);
        return true;
    }

    /**
     * A full collection after work that grew the heap (a backfill, stopping Spark): the periodic collection above
     * needs a minute without any collection, which a live trickle of micro-batches never leaves, and only a full
     * collection or a concurrent cycle gives memory back. Rare, and about a second at most.
     */
    static void shrinkAfterLargeWork() {
        System.gc();
    }
}
