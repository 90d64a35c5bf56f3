/**
 * The site's one bibliography. Chapters cite an entry by its key, `[@vandenoord2017]`, and
 * remark-citations.ts numbers the citations and writes each chapter's reference list from here.
 */

/** One work a chapter can cite. */
export type Reference = {
  /** Authors in the paper's order, as they are written there. */
  authors: string[];
  /** True when `authors` lists only the first few and the rest are "et al.". */
  etAl?: boolean;
  title: string;
  /** Where it appeared: a conference, journal, workshop, library, or arXiv for a preprint. */
  venue: string;
  year: number;
  url: string;
  /** A short remark shown after the entry in the bibliography: what the chapter takes from it. */
  note?: string;
};

/** Every reference on the site, by the short key chapters cite it with. */
export const REFERENCES = {
  vandenoord2016pixelrnn: {
    authors: ['Aäron van den Oord', 'Nal Kalchbrenner', 'Koray Kavukcuoglu'],
    title: 'Pixel Recurrent Neural Networks',
    venue: 'ICML',
    year: 2016,
    url: 'https://arxiv.org/abs/1601.06759',
    note: 'PixelRNN and PixelCNN, with masks of types A and B.',
  },
  vandenoord2016pixelcnn: {
    authors: ['Aäron van den Oord', 'Nal Kalchbrenner', 'Oriol Vinyals', 'Lasse Espeholt', 'Alex Graves', 'Koray Kavukcuoglu'],
    title: 'Conditional Image Generation with PixelCNN Decoders',
    venue: 'NeurIPS',
    year: 2016,
    url: 'https://arxiv.org/abs/1606.05328',
    note: 'The blind spot, and the gated PixelCNN with vertical and horizontal stacks.',
  },
  salimans2017: {
    authors: ['Tim Salimans', 'Andrej Karpathy', 'Xi Chen', 'Diederik P. Kingma'],
    title: 'PixelCNN++: Improving the PixelCNN with Discretized Logistic Mixture Likelihood and Other Modifications',
    venue: 'ICLR',
    year: 2017,
    url: 'https://arxiv.org/abs/1701.05517',
    note: 'The discretised logistic likelihood.',
  },
  vandenoord2017: {
    authors: ['Aäron van den Oord', 'Oriol Vinyals', 'Koray Kavukcuoglu'],
    title: 'Neural Discrete Representation Learning',
    venue: 'NeurIPS',
    year: 2017,
    url: 'https://arxiv.org/abs/1711.00937',
    note: 'The VQ-VAE.',
  },
  kingma2014: {
    authors: ['Diederik P. Kingma', 'Max Welling'],
    title: 'Auto-Encoding Variational Bayes',
    venue: 'ICLR',
    year: 2014,
    url: 'https://arxiv.org/abs/1312.6114',
  },
  bengio2013: {
    authors: ['Yoshua Bengio', 'Nicholas Léonard', 'Aaron Courville'],
    title: 'Estimating or Propagating Gradients Through Stochastic Neurons for Conditional Computation',
    venue: 'arXiv',
    year: 2013,
    url: 'https://arxiv.org/abs/1308.3432',
  },
  fifty2024: {
    authors: ['Christopher Fifty'],
    etAl: true,
    title: 'Restructuring Vector Quantization with the Rotation Trick',
    venue: 'arXiv',
    year: 2024,
    url: 'https://arxiv.org/abs/2410.06424',
  },
  razavi2019: {
    authors: ['Ali Razavi', 'Aäron van den Oord', 'Oriol Vinyals'],
    title: 'Generating Diverse High-Fidelity Images with VQ-VAE-2',
    venue: 'NeurIPS',
    year: 2019,
    url: 'https://arxiv.org/abs/1906.00446',
  },
  chen2018: {
    authors: ['Xi Chen', 'Nikhil Mishra', 'Mostafa Rohaninejad', 'Pieter Abbeel'],
    title: 'PixelSNAIL: An Improved Autoregressive Generative Model',
    venue: 'ICML',
    year: 2018,
    url: 'https://arxiv.org/abs/1712.09763',
  },
  zeghidour2021: {
    authors: ['Neil Zeghidour', 'Alejandro Luebs', 'Ahmed Omran', 'Jan Skoglund', 'Marco Tagliasacchi'],
    title: 'SoundStream: An End-to-End Neural Audio Codec',
    venue: 'arXiv',
    year: 2021,
    url: 'https://arxiv.org/abs/2107.03312',
  },
  lee2022: {
    authors: ['Doyup Lee', 'Chiheon Kim', 'Saehoon Kim', 'Minsu Cho', 'Wook-Shin Han'],
    title: 'Autoregressive Image Generation using Residual Quantization',
    venue: 'CVPR',
    year: 2022,
    url: 'https://arxiv.org/abs/2203.01941',
  },
  yu2022: {
    authors: ['Jiahui Yu'],
    etAl: true,
    title: 'Vector-quantized Image Modeling with Improved VQGAN',
    venue: 'ICLR',
    year: 2022,
    url: 'https://arxiv.org/abs/2110.04627',
  },
  zhu2024: {
    authors: ['Yongxin Zhu'],
    etAl: true,
    title: 'Addressing Representation Collapse in Vector Quantized Models with One Linear Layer',
    venue: 'arXiv',
    year: 2024,
    url: 'https://arxiv.org/abs/2411.02038',
  },
  mentzer2024: {
    authors: ['Fabian Mentzer', 'David Minnen', 'Eirikur Agustsson', 'Michael Tschannen'],
    title: 'Finite Scalar Quantization: VQ-VAE Made Simple',
    venue: 'ICLR',
    year: 2024,
    url: 'https://arxiv.org/abs/2309.15505',
  },
  juang1982: {
    authors: ['Biing-Hwang Juang', 'Augustine H. Gray'],
    title: 'Multiple stage vector quantization for speech coding',
    venue: 'ICASSP',
    year: 1982,
    url: 'https://doi.org/10.1109/ICASSP.1982.1171604',
  },
  jang2017: {
    authors: ['Eric Jang', 'Shixiang Gu', 'Ben Poole'],
    title: 'Categorical Reparameterization with Gumbel-Softmax',
    venue: 'ICLR',
    year: 2017,
    url: 'https://arxiv.org/abs/1611.01144',
  },
  maddison2017: {
    authors: ['Chris J. Maddison', 'Andriy Mnih', 'Yee Whye Teh'],
    title: 'The Concrete Distribution: A Continuous Relaxation of Discrete Random Variables',
    venue: 'ICLR',
    year: 2017,
    url: 'https://arxiv.org/abs/1611.00712',
  },
  ramesh2021: {
    authors: ['Aditya Ramesh', 'Mikhail Pavlov', 'Gabriel Goh', 'Scott Gray', 'Chelsea Voss', 'Alec Radford', 'Mark Chen', 'Ilya Sutskever'],
    title: 'Zero-Shot Text-to-Image Generation',
    venue: 'ICML',
    year: 2021,
    url: 'https://arxiv.org/abs/2102.12092',
    note: 'DALL·E, whose dVAE relaxes the codes with Gumbel-softmax.',
  },
  bowman2016: {
    authors: ['Samuel R. Bowman', 'Luke Vilnis', 'Oriol Vinyals', 'Andrew M. Dai', 'Rafal Jozefowicz', 'Samy Bengio'],
    title: 'Generating Sentences from a Continuous Space',
    venue: 'CoNLL',
    year: 2016,
    url: 'https://arxiv.org/abs/1511.06349',
    note: 'Posterior collapse.',
  },
  kingma2015: {
    authors: ['Diederik P. Kingma', 'Jimmy Ba'],
    title: 'Adam: A Method for Stochastic Optimization',
    venue: 'ICLR',
    year: 2015,
    url: 'https://arxiv.org/abs/1412.6980',
  },
  larochelle2011: {
    authors: ['Hugo Larochelle', 'Iain Murray'],
    title: 'The Neural Autoregressive Distribution Estimator',
    venue: 'AISTATS',
    year: 2011,
    url: 'https://proceedings.mlr.press/v15/larochelle11a.html',
    note: 'Stochastically binarised MNIST.',
  },
  salakhutdinov2008: {
    authors: ['Ruslan Salakhutdinov', 'Iain Murray'],
    title: 'On the quantitative analysis of deep belief networks',
    venue: 'ICML',
    year: 2008,
    url: 'https://doi.org/10.1145/1390156.1390266',
  },
  tomczak2018: {
    authors: ['Jakub M. Tomczak', 'Max Welling'],
    title: 'VAE with a VampPrior',
    venue: 'AISTATS',
    year: 2018,
    url: 'https://arxiv.org/abs/1705.07120',
    note: 'The aggregate posterior as a prior.',
  },
  hoffman2016: {
    authors: ['Matthew D. Hoffman', 'Matthew J. Johnson'],
    title: 'ELBO surgery: yet another way to carve up the variational evidence lower bound',
    venue: 'NIPS Workshop on Advances in Approximate Bayesian Inference',
    year: 2016,
    url: 'https://approximateinference.org/2016/accepted/HoffmanJohnson2016.pdf',
  },
  baldi1989: {
    authors: ['Pierre Baldi', 'Kurt Hornik'],
    title: 'Neural networks and principal component analysis: Learning from examples without local minima',
    venue: 'Neural Networks 2(1)',
    year: 1989,
    url: 'https://doi.org/10.1016/0893-6080(89)90014-2',
  },
  lancucki2020: {
    authors: ['Adrian Łańcucki'],
    etAl: true,
    title: 'Robust Training of Vector Quantized Bottleneck Models',
    venue: 'IJCNN',
    year: 2020,
    url: 'https://arxiv.org/abs/2005.08520',
  },
  sonnet2019: {
    authors: ['DeepMind'],
    title: 'The VQ-VAE example notebook, with snt.nets.VectorQuantizer',
    venue: 'Sonnet library',
    year: 2019,
    url: 'https://github.com/google-deepmind/sonnet/blob/v2/examples/vqvae_example.ipynb',
  },
  vaswani2017: {
    authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar', 'Jakob Uszkoreit', 'Llion Jones', 'Aidan N. Gomez', 'Łukasz Kaiser', 'Illia Polosukhin'],
    title: 'Attention Is All You Need',
    venue: 'NeurIPS',
    year: 2017,
    url: 'https://arxiv.org/abs/1706.03762',
  },
} satisfies Record<string, Reference>;

/** The reference with this key, or undefined when the bibliography has none. */
export function findReference(key: string): Reference | undefined {
  return Object.hasOwn(REFERENCES, key) ? (REFERENCES as Record<string, Reference>)[key] : undefined;
}

/** The authors as one string, comma-separated as the chapters wrote them, ending "et al." when cut short. */
export function formatAuthors(reference: Reference): string {
  return reference.authors.join(', ') + (reference.etAl ? ' et al.' : '');
}

/** Where and when it appeared, as one string: "NeurIPS 2017", or "Neural Networks 2(1), 1989" for a longer venue. */
export function formatVenue(reference: Reference): string {
  return `${reference.venue}${reference.venue.includes(' ') ? ',' : ''} ${reference.year}`;
}
