/**
 * Loaded into every slot process (`--import`) so that none outlives its agent: slots run in
 * their own process groups, which a SIGKILL of the agent would otherwise leave behind.
 */

const agentPid = Number.parseInt(process.env.SHIO_AGENT_PID ?? '', 10);

function agentIsGone(): boolean {
  try {
    process.kill(agentPid, 0);
    return false;
  } catch (error) {
    // EPERM: a process with that id exists but belongs to someone else, so the agent is gone.
    return (
      (error as NodeJS.ErrnoException).code === 'ESRCH' || (error as NodeJS.ErrnoException).code === 'EPERM'
    );
  }
}

if (Number.isInteger(agentPid) && agentPid > 0) {
  const timer = setInterval(() => {
    if (!agentIsGone()) return;
    clearInterval(timer);
    // SIGTERM, not exit: the service shuts down as it would when its agent stops it.
    process.kill(process.pid, 'SIGTERM');
  }, 1000);
  timer.unref();
}
