/** The course's measuring tools: the load generator, the runner that measures every server, JMH and the charts. */
package multiplexing.benchmark;
