import type { WidgetStrings } from '../index.ts';

/** Strings of BackendBadge, in Chinese. */
export const backendBadge: WidgetStrings['backendBadge'] = {
  starting: '正在启动引擎…',
  couldNotStart: (error) => `引擎无法启动：${error}`,
  backend: '后端',
  matmul: (size, milliseconds, gflops) => `${size}×${size} 矩阵乘法：${milliseconds} ms（${gflops} GFLOP/s）`,
  skipped: (backend, reason) => `已跳过 ${backend}：${reason}`,
  separator: '；',
};
