import type { WidgetStrings } from '../index.ts';

/** Strings of BackendBadge, in Chinese. */
export const backendBadge: WidgetStrings['backendBadge'] = {
  starting: '正在启动引擎…',
  couldNotStart: (error) => `引擎无法启动：${error}`,
  backend: '后端',
  matmul: (size, milliseconds, gflops) => `${size}×${size} 矩阵乘法：${milliseconds} ms（${gflops} GFLOP/s）`,
  skipped: (backend, reason) => `已跳过 ${backend}：${reason}`,
  separator: '；',
  names: { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'wasm', cpu: 'cpu' },
  asked: (query) => `由 ${query} 指定`,
  remembered: (why) => `沿用上次访问的测速结果：${why}`,
  measuring: '暂用此后端，其他后端正在测速',
  faster: (ratio, other) => `在本机比 ${other} 快 ${ratio} 倍`,
  softwareSlower: (other, ratio) => `本机的 ${other} 是软件适配器，实测慢 ${ratio} 倍`,
  timedOut: (other, seconds) => `本机的 ${other} 未能在 ${seconds} 秒内完成测速`,
  softwareTimedOut: (other, seconds) => `本机的 ${other} 是软件适配器，未能在 ${seconds} 秒内完成测速`,
  failed: (other) => `${other} 测速失败`,
  only: '唯一完成测速的后端',
  nextVisit: (winner, why) => `${winner} 实测最快（${why}）；本页的模型已经训练过，下次访问时再改用它`,
  unmeasured: '无法在本机完成测速；下次访问时会重新测速',
  trials: (list) => `测速（小模型每个训练步的毫秒数）：${list}`,
  trialTime: (backend, milliseconds) => `${backend} ${milliseconds}`,
  trialSoftware: (backend, milliseconds) => `${backend} ${milliseconds}（软件适配器）`,
  trialTimeout: (backend) => `${backend} 超时`,
  trialFailed: (backend) => `${backend} 失败`,
  trialSeparator: ' · ',
};
