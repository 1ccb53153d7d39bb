// Package proc reads what the tools measure of a process from Linux's /proc: its CPU time.
package proc

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times: 100 on every Linux port.
const clockTicks = 100

// CPUTime returns the user and system CPU time pid has used (utime and stime of
// /proc/PID/stat), or -1 when it cannot be read.
func CPUTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	return parseStat(b)
}

// parseStat returns utime+stime of a /proc/PID/stat line (fields 14 and 15), or -1.
func parseStat(b []byte) time.Duration {
	i := bytes.LastIndexByte(b, ')') // the command name may hold spaces and parentheses
	if i < 0 {
		return -1
	}
	f := strings.Fields(string(b[i+1:])) // f[0] is field 3, state
	if len(f) < 13 {
		return -1
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil || utime < 0 || stime < 0 {
		return -1
	}
	return time.Duration(utime+stime) * time.Second / clockTicks
}
