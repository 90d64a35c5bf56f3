import type { WidgetStrings } from '../index.ts';

const cjk = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
/** Text after Chinese: a space before it when it starts with a Latin letter or a number. */
const spaced = (text: string) => (cjk.test(String(text).charAt(0)) ? text : ` ${text}`);
/** Text before Chinese: a space after it when it ends with a Latin letter or a number. */
const spacedAfter = (text: string) => (cjk.test(String(text).slice(-1)) ? text : `${text} `);

/** Strings of VariantArena, in Chinese. */
export const variantArena: WidgetStrings['variantArena'] = {
  heading: '几种变体并排训练',
  variants: {
    plain: { label: '普通 VQ', change: '按欧氏距离找最近的码字，码本靠码本损失训练。' },
    ema: { label: 'EMA 码本', change: '码字移向选中它的那些向量的滑动平均。' },
    cosine: { label: '余弦查找', change: 'z 和码字都先归一化，余弦最大的码字胜出。' },
    lowdim: { label: '低维查找', change: '查找在 8 维向量的一个学到的 2 维投影里进行。' },
    simvq: { label: 'SimVQ', change: '一个冻结的随机码本，乘以一个学到的 8×8 映射。' },
    fsq: { label: 'FSQ 8×8', change: '没有码本：2 个有界的数，各自取整到 8 个量化级之一。' },
    rotation: { label: '旋转技巧', change: '梯度从 z_q 旋转到 z，而不是原样复制。' },
    residual: { label: '残差量化，2 级', change: '第二个码本量化第一个码本漏掉的部分。' },
  },
  pick: (min, max, codes) => `挑选 ${min} 到 ${max} 个变体（每个都是 tiny VQ-VAE，K = ${codes}，只改了一处）`,
  problems: {
    unknown: (names, valid, _one) => `未知的变体：${names}。可选的有 ${valid}。`,
    twice: '每个变体只能选一次。',
    tooFew: (min) => `至少挑选 ${min} 个变体来比较。`,
    tooMany: (max) => `最多挑选 ${max} 个变体：它们都在同一个共享的引擎上训练。`,
    steps: (min, max, got) => `步数应为 ${min} 到 ${max} 之间的整数，收到的是${spaced(got)}。`,
    nothing: '空值',
    separator: '、',
  },
  linkProblem: (problem) => `链接里指定的变体没有采用：${problem}`,
  steps: '每次训练的步数',
  chart: '图表',
  metrics: {
    perplexity: '困惑度（在用的码字数，共 64 个）',
    deadCodes: '死码字（100 步未被选中）',
    reconstruction: '重建 MSE',
  },
  pause: '暂停',
  trainMore: (steps) => `再训练 ${steps} 步`,
  trainAll: '全部训练',
  startAgain: '从头开始',
  variantMessage: (variant, message) => `${variant}：${message}`,
  outOfView: '这组变体不在视野内，训练已暂停；滚动回来后会继续。',
  chartLabel: (metric) => `各变体的${spacedAfter(metric)}随训练步的变化`,
  table: '各变体的最新数值',
  columns: { variant: '变体', step: '步数', perplexity: '困惑度', dead: '死码字', mse: 'MSE', stepsPerSecond: '步/秒' },
  geometryHeading: '各变体的码字长什么样',
  legendOutputs: (images, outputs) => `${images} 个测试数字的编码器输出（${outputs} 个）`,
  legendCodes: '码字',
  legendDead: '死码字（100 步未被选中）',
  plotLabel: (title, step) => `${title}，第 ${step} 步`,
  placeholder: '模型建好后就会画出来。',
  panelNote: (note, step, dead, codes) => `${note}第 ${step} 步${dead ? `；${codes} 个码字中有 ${dead} 个死码字` : ''}。`,
  summary: (variant, steps, perplexity, dead, mse) => `${variant}：训练 ${steps} 步后，困惑度 ${perplexity}，死码字 ${dead} 个，重建误差 ${mse}。`,
  then: (first, next) => `${first}${next}`,
  caption: (batch) =>
    `每个变体都从同一个随机种子出发，看到同样的批次，每批 ${batch} 个 MNIST 数字。困惑度是一个批次实际用到的码字数；一个码字连续 100 步没有被任何隐变量选中，就算死码字，所以这个计数从第 100 步才开始。各变体轮流训练，所以变体越多，每个训练得越慢。下面的图把每个变体的码字画在它的查找所搜索的空间里，随训练不断重画。`,
  geometry: {
    pcaAxisX: '主成分 1',
    pcaAxisY: '主成分 2',
    pcaNote: '8 维的码字和输出，投影到输出的前两个主成分上。',
    kept: (percent) => `这两个轴涵盖了输出 ${percent}% 的方差。`,
    withKept: (note, kept) => `${note}${kept}`,
    fsqTitle: 'FSQ：它的 8×8 网格，就在它自己的 2 个维度里',
    fsqAxisX: 'z′₁，压缩后（量化级）',
    fsqAxisY: 'z′₂，压缩后（量化级）',
    fsqNote: '编码器输出 2 个数；每个数先压缩，再取整到 8 个量化级中最近的那个，所以每个输出都落到离它最近的格点上。',
    // No break inside u = W↓z.
    lowdimTitle: (label) => `${label}：2 维码字 cⱼ 和投影后的输出 u\u00a0=\u00a0W↓z，原样画出`,
    lowdimNote: '查找就在这学到的 2 个维度里进行：作图时没有投影掉任何东西。',
    cosineTitle: (label) => `${label}：单位向量，投影到 2 个主成分上`,
    cosineNote: '这是 8 维单位球面的投影：每个单位向量都落在虚线圆内，靠近圆心的向量主要指向另外六个看不见的方向。',
    simvqTitle: (label) => `${label}：码字 CW，投影到 2 个主成分上`,
    residualTitle: (label) => `${label}：第一级的码字，投影到 2 个主成分上`,
    title: (label) => `${label}：码字，投影到 2 个主成分上`,
  },
};
