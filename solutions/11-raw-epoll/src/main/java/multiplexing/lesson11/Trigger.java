package multiplexing.lesson11;

/** How the server asks epoll to report readiness, and how much it reads or accepts per event. */
enum Trigger {

    /** The seed's mode and the JDK Selector's: a ready descriptor is reported on every epoll_wait. One read per event. */
    LEVEL(0, false),
    /** {@code EPOLLET}: a descriptor is reported when it becomes ready; the server reads and accepts until EAGAIN. */
    EDGE(EpollEvent.EPOLLET, true),
    /**
     * The classic edge-triggered bug, kept to be seen: {@code EPOLLET} with one read or accept per event, as
     * level-triggered code does. Bytes left in the socket after that read never cause another event.
     */
    EDGE_ONE_READ_PER_EVENT(EpollEvent.EPOLLET, false);

    private final int flag;
    private final boolean drainsUntilEagain;

    Trigger(int flag, boolean drainsUntilEagain) {
        this.flag = flag;
        this.drainsUntilEagain = drainsUntilEagain;
    }

    /** The bit added to every registration: {@code EPOLLET} or nothing. */
    int flag() {
        return flag;
    }

    /** True if each event is followed by reads (or accepts) until the call says EAGAIN. */
    boolean drainsUntilEagain() {
        return drainsUntilEagain;
    }
}
